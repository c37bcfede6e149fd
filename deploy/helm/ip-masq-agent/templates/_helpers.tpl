{{/* Labels on every object; the selector uses only k8s-app (immutable). */}}
{{- define "ip-masq-agent.labels" -}}
app.kubernetes.io/name: {{ .Values.name }}
k8s-app: {{ .Values.name }}
{{- end }}

{{/* "true" when the host's xtables lock is mounted: the iptables backends, unless xtablesLock says otherwise. */}}
{{- define "ip-masq-agent.xtablesLock" -}}
{{- if eq (toString .Values.xtablesLock) "auto" -}}
{{- has .Values.backend (list "iptables" "iptables-legacy" "iptables-nft") -}}
{{- else -}}
{{- eq (toString .Values.xtablesLock) "true" -}}
{{- end -}}
{{- end }}

{{/* The --metrics-bind-address value, or "" for the agent's default (127.0.0.1:10267). */}}
{{- define "ip-masq-agent.metricsBind" -}}
{{- if .Values.metrics.bindAddress -}}
{{- .Values.metrics.bindAddress -}}
{{- else if .Values.metrics.expose -}}
$(NODE_IP):{{ .Values.metrics.port }}
{{- end -}}
{{- end }}
