package masq.api;

/** Strict text parsing and canonical formatting of IP addresses (no name resolution, no zones). */
final class AddressText {
    private AddressText() {
    }

    /** Dotted quad; each part decimal 0-255 without leading zeros. Returns null when not an address. */
    static IpAddress parseV4(String text) {
        long value = parseV4Bits(text);
        return value < 0 ? null : new IpAddress(IpFamily.IPV4, 0, value);
    }

    /** The same rules, in one pass without splitting (it runs for every CIDR of a 10 000-entry config). */
    static long parseV4Bits(String text) {
        long value = 0;
        int parts = 0;
        int i = 0;
        int n = text.length();
        while (true) {
            int start = i;
            int octet = 0;
            while (i < n && i - start < 4 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                octet = octet * 10 + (text.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 3 || (len > 1 && text.charAt(start) == '0') || octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
            parts++;
            if (i == n) {
                return parts == 4 ? value : -1;
            }
            if (text.charAt(i) != '.' || parts == 4) {
                return -1;
            }
            i++;
        }
    }

    /** RFC 4291 text forms: eight groups, one "::", an optional trailing dotted quad. Null when invalid. */
    static IpAddress parseV6(String text) {
        int ellipsis = text.indexOf("::");
        if (ellipsis >= 0 && text.indexOf("::", ellipsis + 1) >= 0) {
            return null;
        }
        int[] head = ellipsis >= 0 ? groups(text.substring(0, ellipsis)) : groups(text);
        int[] tail = ellipsis >= 0 ? groups(text.substring(ellipsis + 2)) : new int[0];
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (ellipsis < 0 ? count != 8 : count > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | all[i];
            lo = (lo << 16) | all[i + 4];
        }
        return new IpAddress(IpFamily.IPV6, hi, lo);
    }

    /** Colon-separated hex groups; a final dotted quad counts as two groups. Empty text gives none. */
    private static int[] groups(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && part.indexOf('.') >= 0) {
                long v4 = parseV4Bits(part);
                if (v4 < 0) {
                    return null;
                }
                out[n++] = (int) (v4 >>> 16);
                out[n++] = (int) (v4 & 0xffff);
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int group = 0;
            for (int j = 0; j < part.length(); j++) {
                int digit = Character.digit(part.charAt(j), 16);
                if (digit < 0) {
                    return null;
                }
                group = (group << 4) | digit;
            }
            out[n++] = group;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    static String formatV4(long value) {
        return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }

    /** RFC 5952: lower-case hex, no leading zeros, the longest run (length >= 2) of zero groups as "::". */
    static String formatV6(long hi, long lo) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
            g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
