package masq.backend.nftables;

import masq.api.spi.BackendException;

/**
 * Runs one nft script (commands in {@code nft -f} syntax) as one atomic batch and returns what nft
 * printed. Two implementations with the same input text: {@link Libnftables} (in-process, through the
 * JDK's FFM API) and {@link NftCli} (spawns {@code nft -f -} through the agent's CommandRunner).
 */
interface NftExecutor extends AutoCloseable {

    /**
     * @param ok     nft accepted the whole script (a failed script changed nothing)
     * @param output what list commands printed
     * @param error  nft's error text, including the caret lines pointing at the offending command
     */
    record Result(boolean ok, String output, String error) {
    }

    /**
     * @throws BackendException when nft could not be run at all (missing binary, timeout)
     */
    Result run(String script) throws BackendException;

    /** {@code libnftables} or {@code nft-cli}, for {@link masq.api.spi.BackendInfo}. */
    String mode();

    /** The library or tool version, {@code ""} when unknown. */
    String version();

    @Override
    void close();
}
