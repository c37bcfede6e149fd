package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import masq.api.spi.ConfigDocument;
import masq.api.spi.ConfigSnapshot;
import org.junit.jupiter.api.Test;

/** A load that reuses the last one's files ({@link ItemSplice}) gives exactly the result of a load from scratch. */
class ItemSpliceTest {
    private static final ConfigSettings V4 = new ConfigSettings(false, false, ConflictPolicy.WARN, Duration.ofSeconds(60));
    private static final ConfigSettings V6 = new ConfigSettings(true, false, ConflictPolicy.WARN, Duration.ofSeconds(60));

    private static ConfigSnapshot snapshot(String... texts) {
        List<ConfigDocument> docs = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            docs.add(new ConfigDocument("ip-masq-agent-" + i, texts[i]));
        }
        return new ConfigSnapshot(true, docs, List.of());
    }

    private static String list(int from, int count, String extra) {
        StringBuilder sb = new StringBuilder("nonMasqueradeCIDRs:\n");
        for (int i = from; i < from + count; i++) {
            sb.append("  - 10.").append(i / 256).append('.').append(i % 256).append(".0/24\n");
        }
        return sb.append(extra).append("cidrLimit: 10000\nresyncInterval: 1h\n").toString();
    }

    @Test
    void oneCidrReplacedAddedOrRemovedIsReadInThatItemOnly() {
        Map<String, ItemSplice.Read> before = new HashMap<>();
        LoadResult first = ConfigEngine.load(snapshot(list(0, 1000, "  - 100.64.0.1/32\n")), V4, Map.of(), before);
        ItemSplice.Read read = before.get("ip-masq-agent-0");
        for (String extra : new String[] {"  - 100.64.0.2/32\n", "  - 100.64.0.1/32\n  - 100.64.0.2/32\n", ""}) {
            String text = list(0, 1000, extra);
            Optional<ItemSplice.Read> spliced = ItemSplice.apply(read, text, false);
            assertTrue(spliced.isPresent(), extra);
            Map<String, ItemSplice.Read> after = new HashMap<>();
            assertEquals(ConfigEngine.load(snapshot(text), V4), ConfigEngine.load(snapshot(text), V4, before, after));
            assertEquals(spliced.get(), after.get("ip-masq-agent-0"));
        }
        assertTrue(first.valid());
    }

    @Test
    void anUnchangedFileIsNotReadAgain() {
        Map<String, ItemSplice.Read> before = new HashMap<>();
        String kept = list(0, 100, "");
        ConfigEngine.load(snapshot(kept, "masqLinkLocal: false\n"), V4, Map.of(), before);
        Map<String, ItemSplice.Read> after = new HashMap<>();
        LoadResult r = ConfigEngine.load(snapshot(kept, "masqLinkLocal: true\n"), V4, before, after);
        assertSame(before.get("ip-masq-agent-0"), after.get("ip-masq-agent-0"));
        assertEquals(ConfigEngine.load(snapshot(kept, "masqLinkLocal: true\n"), V4), r);
    }

    @Test
    void whatIsNotACleanItemEditIsReadInFull() {
        Map<String, ItemSplice.Read> before = new HashMap<>();
        String text = list(0, 10, "");
        ConfigEngine.load(snapshot(text), V4, Map.of(), before);
        ItemSplice.Read read = before.get("ip-masq-agent-0");
        for (String edited : new String[] {
            text.replace("  - 10.0.3.0/24\n", "  - 10.0.3.1/24\n"),           // host bits: reported by a full read
            text.replace("  - 10.0.3.0/24\n", "  - 10.0.3.0/24 # c\n"),       // a comment
            text.replace("  - 10.0.3.0/24\n", "   - 10.0.3.0/24\n"),          // another indentation
            text.replace("  - 10.0.3.0/24\n", "  - \"10.0.3.0/24\"\n"),       // quoted
            text.replace("  - 10.0.3.0/24\n", "  - fd00::/8\n"),              // IPv6 not enabled
            text.replace("cidrLimit: 10000\n", "cidrLimit: 10\n") + "",       // not an item
            text.replace("  - 10.0.9.0/24\n", "  - 10.0.9.0/24\n  - 10.0.10.0/24\n").replace("10000", "10"),
            "nonMasqueradeCIDRs:\n" + text.substring(text.indexOf("cidrLimit")), // the list emptied
            text + "NonMasqueradeCIDRs:\n  - 10.9.0.0/16\n",               // a second list of the same key
        }) {
            Map<String, ItemSplice.Read> after = new HashMap<>();
            assertEquals(ConfigEngine.load(snapshot(edited), V4), ConfigEngine.load(snapshot(edited), V4, before, after),
                    edited);
            if (!edited.contains("cidrLimit: 10\n") && !edited.contains("NonMasq")) {
                assertTrue(ItemSplice.apply(read, edited, false).isEmpty(), edited);
            }
        }
    }

    /** Random documents and random line edits, loaded one after the other through a LoadCache and from scratch. */
    @Test
    void randomEditsLoadAsFromScratch() {
        Random r = new Random(20261130);
        int spliced = 0;
        for (int doc = 0; doc < 300; doc++) {
            ConfigSettings settings = r.nextBoolean() ? V4 : V6;
            LoadCache cache = new LoadCache();
            List<String> lines = randomDocument(r);
            String other = r.nextInt(4) == 0 ? "masqueradeCIDRs:\n  - 203.0.113.0/24\n" : null;
            Map<String, ItemSplice.Read> files = Map.of();
            for (int edit = 0; edit < 8; edit++) {
                String text = String.join("", lines);
                ConfigSnapshot s = other == null ? snapshot(text) : snapshot(text, other);
                if (files.containsKey("ip-masq-agent-0")
                        && ItemSplice.apply(files.get("ip-masq-agent-0"), text, settings.enableIpv6()).isPresent()) {
                    spliced++;
                }
                assertEquals(ConfigEngine.load(s, settings), cache.load(s, settings), text);
                Map<String, ItemSplice.Read> read = new HashMap<>();
                ConfigEngine.load(s, settings, Map.of(), read);
                files = read;
                edit(r, lines);
            }
        }
        assertTrue(spliced > 150, "the splice must see a good share of the edits, saw " + spliced);
    }

    private static final String[] ITEMS = {"10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "192.168.0.0/16",
        "100.64.0.0/10", "10.1.2.0/24", "169.254.0.0/16", "203.0.113.0/24", "198.51.100.7/32"};
    /** Valid only with IPv6, or never. */
    private static final String[] ODD = {"fd00::/8", "2001:db8::/32", "10.0.0.1/8", "not-a-cidr/1", "7"};

    private static String item(Random r, int indent) {
        String cidr = r.nextInt(8) == 0 ? ODD[r.nextInt(ODD.length)] : ITEMS[r.nextInt(ITEMS.length)];
        return " ".repeat(indent) + "- " + cidr + "\n";
    }

    private static List<String> randomDocument(Random r) {
        List<String> lines = new ArrayList<>();
        String[] keys = {"nonMasqueradeCIDRs:\n", "masqueradeCIDRs:\n", "nonMasqueradeCIDRs:  # the list\n"};
        for (String key : r.nextBoolean() ? keys : new String[] {keys[r.nextInt(3)]}) {
            if (key.startsWith("masq") || r.nextInt(5) > 0) {
                lines.add(key);
                int indent = r.nextInt(3);
                for (int i = r.nextInt(6) + 1; i > 0; i--) {
                    lines.add(r.nextInt(10) == 0 ? "  # a comment\n" : item(r, indent));
                }
            }
        }
        lines.add(r.nextInt(8) == 0 ? "cidrLimit: 5\n" : "resyncInterval: 60s\n");
        return lines;
    }

    /** Replaces, inserts or deletes one to three lines; mostly items, sometimes anything. */
    private static void edit(Random r, List<String> lines) {
        int at = r.nextInt(lines.size());
        int indent = lines.get(at).indexOf("- ");
        String line = r.nextInt(8) == 0 ? new String[] {"masqLinkLocal: true\n", "\n", "masqueradeCIDRs:\n"}[r.nextInt(3)]
                : item(r, indent >= 0 && r.nextInt(6) > 0 ? indent : r.nextInt(3));
        switch (r.nextInt(3)) {
            case 0 -> lines.set(at, line);
            case 1 -> lines.add(at, line);
            default -> {
                if (lines.size() > 1) {
                    lines.remove(at);
                }
            }
        }
    }
}
