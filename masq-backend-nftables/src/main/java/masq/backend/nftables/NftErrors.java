package masq.backend.nftables;

import masq.api.spi.BackendException;

/** Classifies nft's error text (the kernel's strerror after {@code Error:}) into a {@link BackendException}. */
final class NftErrors {

    private NftErrors() {
    }

    static boolean isNotFound(String error) {
        return error.contains("No such file or directory");
    }

    static BackendException failure(String what, String error) {
        String text = error.strip();
        BackendException.Reason reason;
        if (isNotFound(text)) {
            reason = BackendException.Reason.NOT_FOUND;
        } else if (text.contains("File exists")) {
            reason = BackendException.Reason.ALREADY_EXISTS;
        } else if (text.contains("Operation not permitted")) {
            reason = BackendException.Reason.UNAVAILABLE;
        } else {
            reason = BackendException.Reason.REJECTED;
        }
        return new BackendException(reason, "failed to " + what + ": " + (text.isEmpty() ? "nft failed" : text));
    }
}
