package masq.api;

import java.util.Optional;

/** A CIDR that could not be accepted: unparsable text, or an address with host bits set. */
public final class InvalidCidrException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final transient Cidr intendedNetwork;

    private InvalidCidrException(String message, String text, Cidr intendedNetwork) {
        super(message);
        this.text = text;
        this.intendedNetwork = intendedNetwork;
    }

    static InvalidCidrException syntax(String text) {
        return new InvalidCidrException("invalid CIDR address: " + text, text, null);
    }

    static InvalidCidrException hostBits(String text, IpAddress ip, Cidr network) {
        return new InvalidCidrException("CIDR \"" + text + "\" is not aligned to a CIDR block, ip: \"" + ip
                + "\" network: \"" + network + "\" (did you mean " + network + "?)", text, network);
    }

    /** The rejected text, as given. */
    public String text() {
        return text;
    }

    /** For host bits set: the network the text most likely meant (its address masked to its length). */
    public Optional<Cidr> intendedNetwork() {
        return Optional.ofNullable(intendedNetwork);
    }
}
