{{/* Labels on every object; the selector uses only k8s-app (immutable). */}}
{{- define "ip-masq-agent.labels" -}}
app.kubernetes.io/name: {{ .Values.name }}
k8s-app: {{ .Values.name }}
{{- end }}
