package masq.app.foreign;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import masq.api.Cidr;
import masq.api.IpFamily;

/**
 * One rule of a nat postrouting path, reduced to what decides whether a pod's packet to a destination is
 * masqueraded: its matches and its verdict. Parsed from iptables-save ({@link IptablesNat}) or nft's listing
 * ({@link NftNat}); {@code text} is the rule as the tool printed it, for messages.
 *
 * @param chain   the chain it is in
 * @param text    the rule verbatim
 * @param matches every match, in order; all must hold
 * @param verdict what a matching packet gets
 * @param target  the chain of a {@link Verdict#JUMP} or {@link Verdict#GOTO}, else empty
 * @param comment the rule's comment, if any (used to name who wrote it)
 */
record NatRule(String chain, String text, List<Match> matches, Verdict verdict, Optional<String> target,
               Optional<String> comment) {
    NatRule {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(text, "text");
        matches = List.copyOf(matches);
    }

    /** What a matching packet gets. {@code CONTINUE} covers every non-terminating target (MARK, LOG, counter...). */
    enum Verdict {
        MASQUERADE, SNAT, ACCEPT, RETURN, JUMP, GOTO, DROP, CONTINUE;

        boolean translates() {
            return this == MASQUERADE || this == SNAT;
        }
    }

    /**
     * One match. {@code DESTINATION} is decided for a destination range; {@code FAMILY} for its family;
     * {@code MARK} for the mark a pod's packet has (0: nobody marked it); {@code DESTINATION_LOCAL} is false
     * (the agent is about non-LOCAL destinations); anything else ({@code CONDITION}: a source, an output
     * interface, a protocol...) may or may not hold for a pod, and is named in the finding.
     *
     * @param kind    what is matched
     * @param negated {@code !} / {@code !=}
     * @param cidr    the range of a {@code DESTINATION}
     * @param family  the family of a {@code FAMILY} or {@code DESTINATION} match
     * @param markValue the value of a {@code MARK}: it holds when {@code (0 & markMask) == markValue}
     * @param markMask  its mask
     * @param text    the match as written, for a {@code CONDITION}
     */
    record Match(Kind kind, boolean negated, Cidr cidr, IpFamily family, long markValue, long markMask, String text) {
        enum Kind { DESTINATION, FAMILY, MARK, DESTINATION_LOCAL, CONDITION }

        static Match destination(Cidr cidr, boolean negated) {
            return new Match(Kind.DESTINATION, negated, cidr, cidr.family(), 0, 0, null);
        }

        static Match family(IpFamily family) {
            return new Match(Kind.FAMILY, false, null, family, 0, 0, null);
        }

        static Match mark(long value, long mask, boolean negated) {
            return new Match(Kind.MARK, negated, null, null, value, mask, null);
        }

        static Match local(boolean negated) {
            return new Match(Kind.DESTINATION_LOCAL, negated, null, null, 0, 0, null);
        }

        static Match condition(String text) {
            return new Match(Kind.CONDITION, false, null, null, 0, 0, text);
        }
    }
}
