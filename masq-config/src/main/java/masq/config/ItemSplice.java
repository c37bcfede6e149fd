package masq.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import masq.api.Cidr;
import masq.api.InvalidCidrException;
import masq.api.IpFamily;

/**
 * Pure: a config file edited in a few CIDR items, read in proportion to the edit. kubelet swaps the whole
 * file, so a change of one CIDR among 10 000 is a new text; when the last reading of the file found no
 * problem at all, was in {@link PlainYaml}'s subset, and the new text differs from it only in whole lines
 * that are plain CIDR items ({@code <indent>- <cidr>}, nothing else on the line) of one list, the new
 * fragment is the old one with those items replaced: only the changed lines are parsed. Anything else
 * (a comment, a key, a quoted or invalid item, a list that would become empty, a key given twice, the
 * limit passed) gives empty and the file is read in full, which also reports whatever is wrong.
 * {@code ItemSpliceTest} compares the result with a full reading on many random edits.
 */
final class ItemSplice {

    /** A file's {@code cidrLimit} (-1 when unusable) and the items of its two lists. */
    record Limit(int limit, int items) {
    }

    /**
     * A file read without problems, as the next reading may reuse it.
     *
     * @param values its values, as {@link DocumentParser#MAX_VALUES} counts them
     */
    record Read(String text, Fragment fragment, int values, Limit limit) {
    }

    private ItemSplice() {
    }

    /** The reading of {@code text}, from {@code before}; empty when it must be read in full. */
    static Optional<Read> apply(Read before, String text, boolean enableIpv6) {
        String old = before.text();
        if (old.equals(text)) {
            return Optional.of(before);
        }
        if (old.isEmpty() || text.isEmpty() || old.charAt(old.length() - 1) != '\n' || text.charAt(text.length() - 1) != '\n') {
            return Optional.empty();
        }
        int max = Math.min(old.length(), text.length());
        int p = 0;
        while (p < max && old.charAt(p) == text.charAt(p)) {
            p++;
        }
        int start = p == 0 ? 0 : old.lastIndexOf('\n', p - 1) + 1;
        int s = 0;
        while (s < max - start && old.charAt(old.length() - 1 - s) == text.charAt(text.length() - 1 - s)) {
            s++;
        }
        int end0 = old.length() - s;
        int end1 = text.length() - s;
        if (end0 > start && old.charAt(end0 - 1) != '\n') { // the suffix starts inside a line: take that line in
            int next = old.indexOf('\n', end0) + 1;
            end1 += next - end0;
            end0 = next;
        }
        if (end1 > start && text.charAt(end1 - 1) != '\n') {
            return Optional.empty(); // the edit does not end at a line's end
        }
        List<String> gone = items(old, start, end0);
        List<String> added = items(text, start, end1);
        if (gone == null || added == null) {
            return Optional.empty();
        }
        // The list the edit is in: its key line above, the items between, and the items' indentation.
        int index = 0;
        int indent = -1;
        int line = start;
        String key = null;
        while (line > 0 && key == null) {
            int from = old.lastIndexOf('\n', line - 2) + 1;
            String l = old.substring(from, line - 1);
            line = from;
            String content = l.stripLeading();
            if (content.isEmpty() || content.charAt(0) == '#') {
                continue;
            }
            if (content.startsWith("- ")) {
                index++;
                indent = indent < 0 ? l.length() - content.length() : indent;
            } else if (l.charAt(0) != ' ' && opensList(l)) {
                key = l.substring(0, l.indexOf(':'));
            } else {
                return Optional.empty();
            }
        }
        if (key == null) {
            return Optional.empty();
        }
        int within = indent >= 0 ? indent : indentOf(gone.isEmpty() ? firstContentLine(text, end1) : old.substring(start, end0));
        if (within < 0 || !sameIndent(old, start, end0, within) || !sameIndent(text, start, end1, within)
                || keysFolding(text, key) != 1) {
            return Optional.empty();
        }
        boolean nonMasq = KeyFolding.matches(FragmentReader.NON_MASQUERADE, key);
        if (!nonMasq && !KeyFolding.matches(FragmentReader.MASQUERADE, key)) {
            return Optional.empty();
        }
        Fragment f = before.fragment();
        List<CidrEntry> list = nonMasq ? f.nonMasquerade().orElse(null) : f.masquerade();
        int delta = added.size() - gone.size();
        int items = before.limit().items() + delta;
        if (list == null || index + gone.size() > list.size() || list.size() + delta < 1
                || (delta != 0 && (before.limit().limit() < 0 || items > before.limit().limit()))) {
            return Optional.empty();
        }
        List<CidrEntry> entries = new ArrayList<>(list.size() + delta);
        entries.addAll(list.subList(0, index));
        StringBuilder field = new StringBuilder(key).append('[');
        int prefix = field.length();
        for (String token : added) {
            Cidr cidr;
            try {
                cidr = Cidr.parse(token);
            } catch (InvalidCidrException e) {
                return Optional.empty();
            }
            if (cidr.family() == IpFamily.IPV6 && !enableIpv6) {
                return Optional.empty();
            }
            field.setLength(prefix);
            entries.add(new CidrEntry(cidr, f.file(), field.append(entries.size()).append(']').toString(), token));
        }
        for (CidrEntry e : list.subList(index + gone.size(), list.size())) {
            field.setLength(prefix);
            entries.add(delta == 0 ? e : new CidrEntry(e.cidr(), e.file(),
                    field.append(entries.size()).append(']').toString(), e.text()));
        }
        Fragment next = nonMasq
                ? new Fragment(f.file(), Optional.of(entries), f.masquerade(), f.masqLinkLocal(), f.masqLinkLocalIPv6(), f.resyncInterval())
                : new Fragment(f.file(), f.nonMasquerade(), entries, f.masqLinkLocal(), f.masqLinkLocalIPv6(), f.resyncInterval());
        return Optional.of(new Read(text, next, before.values() + delta, new Limit(before.limit().limit(), items)));
    }

    /** The tokens of whole lines {@code <spaces>- <token>\n} from {@code from} to {@code to}; null if any line is not one. */
    private static List<String> items(String text, int from, int to) {
        List<String> out = new ArrayList<>();
        int at = from;
        while (at < to) {
            int nl = text.indexOf('\n', at);
            String l = text.substring(at, nl);
            at = nl + 1;
            String content = l.stripLeading();
            if (!content.startsWith("- ")) {
                return null;
            }
            String token = content.substring(2);
            // A plain token with a '/' is a string to YAML (PlainYaml, YamlReader's resolver) and nothing else.
            if (token.indexOf('/') < 0 || !PlainYaml.plainToken(token)) {
                return null;
            }
            out.add(token);
        }
        return out;
    }

    /** Whether {@code key:} stands alone on its line (a comment may follow): a list follows it. */
    private static boolean opensList(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String rest = line.substring(colon + 1);
        return rest.isBlank() || rest.charAt(0) == ' ' && rest.stripLeading().startsWith("#");
    }

    private static boolean sameIndent(String text, int from, int to, int indent) {
        for (int at = from; at < to; at = text.indexOf('\n', at) + 1) {
            if (indentOf(text.substring(at, text.indexOf('\n', at))) != indent) {
                return false;
            }
        }
        return true;
    }

    /** The spaces before an item's dash, or -1 when the text does not start with an item line. */
    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return line.startsWith("- ", i) ? i : -1;
    }

    private static String firstContentLine(String text, int from) {
        for (int at = from; at < text.length(); at = text.indexOf('\n', at) + 1) {
            String l = text.substring(at, text.indexOf('\n', at));
            if (!l.isBlank() && !l.stripLeading().startsWith("#")) {
                return l;
            }
        }
        return "";
    }

    /** How many top-level keys fold to the same known key as {@code key} (YAML keeps only the last of equal ones). */
    private static int keysFolding(String text, String key) {
        String known = KeyFolding.matches(FragmentReader.NON_MASQUERADE, key) ? FragmentReader.NON_MASQUERADE
                : FragmentReader.MASQUERADE;
        int n = 0;
        for (int at = 0; at < text.length(); at = text.indexOf('\n', at) + 1) {
            char c = text.charAt(at);
            if (c != ' ' && c != '-' && c != '#' && c != '\n') {
                int colon = text.indexOf(':', at);
                int nl = text.indexOf('\n', at);
                if (colon >= 0 && colon < nl && KeyFolding.matches(known, text.substring(at, colon))) {
                    n++;
                }
            }
        }
        return n;
    }
}
