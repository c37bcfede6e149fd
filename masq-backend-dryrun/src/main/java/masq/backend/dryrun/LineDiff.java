package masq.backend.dryrun;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff by longest common subsequence: rule programs are short (tens to a few thousand lines), and
 * keeping order matters because rules are first-match (a moved line is a removal plus an addition).
 *
 * @param lines the diff, each line prefixed {@code "+ "}, {@code "- "} or {@code "  "}
 * @param added how many lines were added
 * @param removed how many lines were removed
 */
record LineDiff(List<String> lines, int added, int removed) {

    static LineDiff of(List<String> before, List<String> after) {
        int n = before.size();
        int m = after.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = before.get(i).equals(after.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int added = 0;
        int removed = 0;
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && before.get(i).equals(after.get(j))) {
                out.add("  " + before.get(i++));
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("- " + before.get(i++));
                removed++;
            } else {
                out.add("+ " + after.get(j++));
                added++;
            }
        }
        return new LineDiff(List.copyOf(out), added, removed);
    }

    String text() {
        return String.join("\n", lines);
    }
}
