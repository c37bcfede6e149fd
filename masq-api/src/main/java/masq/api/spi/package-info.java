/**
 * The service provider interfaces of ip-masq-agent: firewall backends and config sources.
 *
 * <h2>Writing a backend</h2>
 * <ol>
 *   <li>A provider class implementing {@link masq.api.spi.FirewallBackendProvider}, declared with
 *       {@link masq.api.spi.Backend @Backend(id, description)} and named in your module descriptor:
 *       {@code provides masq.api.spi.FirewallBackendProvider with my.Provider;}. The agent reads the
 *       declaration from the class file, so it knows your id without running your code; its constructor
 *       does nothing.</li>
 *   <li>{@link masq.api.spi.FirewallBackendProvider#probe probe} (advisory, read-only, never throws) and
 *       {@link masq.api.spi.FirewallBackendProvider#create create} (checks the options: a wrong one is a
 *       {@link masq.api.spi.BackendException} with reason {@code FAILED}; changes nothing).</li>
 *   <li>A {@link masq.api.spi.FirewallBackend}: {@code render} is pure; {@code sync} writes nothing when
 *       the state already matches and reports {@link masq.api.spi.SyncResult#changed() changed} exactly
 *       (drift detection depends on it); {@code cleanup} removes only what you own, is idempotent, fine on an
 *       empty node and may be the only call an instance ever gets, possibly created with no options.</li>
 *   <li>External programs only through {@link masq.api.spi.BackendContext#commands()}, so tests can pass a
 *       fake; expected failures as {@link masq.api.spi.BackendException}, never as runtime exceptions.</li>
 * </ol>
 *
 * <h2>Proving it</h2>
 * The conformance suite is {@code masq.backend.testkit.BackendContract} in the artifact
 * {@code io.github.ipmasq:masq-backend-testkit} (test scope): extend it, supply a
 * {@code BackendFixture} over a fake of what your backend drives, and it checks rendering, idempotent and
 * convergent sync, cleanup on an empty node and after a sync, and every row of the shared flow tables
 * ({@code FlowCases}) against your rules. docs/plugins.md walks through the example plugin
 * ({@code examples/plugin-windows-outboundnat}), which uses nothing but this package and the testkit.
 *
 * <h2>Compatibility</h2>
 * Until 1.0 (versions 0.y.z), a minor version (0.y) may change this package, and the release notes say
 * how; a patch version (0.y.z) never does, so a plugin built against 0.y.z runs on every 0.y.
 * <ul>
 *   <li>Meant to stay as they are through 1.0: the two-step provider ({@code @Backend}, {@code probe},
 *       {@code create}); the meaning of {@code render}, {@code sync}, {@code cleanup} and {@code close}
 *       as documented on {@link masq.api.spi.FirewallBackend}; {@link masq.api.spi.SyncResult};
 *       {@link masq.api.spi.BackendContext#commands()} and {@link masq.api.spi.CommandRunner};
 *       {@link masq.api.spi.Rendering}.</li>
 *   <li>May change before 1.0: how the agent cleans up after another backend when switching
 *       ({@code rulesetId()}); {@link masq.api.spi.BackendInfo}; the config source SPI
 *       ({@link masq.api.spi.ConfigSourceProvider} and its values), which has only the built-in directory
 *       source so far. New methods arrive as defaults that keep today's behaviour, and new
 *       {@link masq.api.spi.BackendException.Reason} constants may be added (give a {@code switch} over it
 *       a default branch).</li>
 *   <li>What a backend programs grows as fields of {@link masq.api.MasqPolicy}, not as SPI methods; a new
 *       field's default keeps today's behaviour, and a backend that cannot express a policy refuses it in
 *       {@code sync} with a {@code BackendException}.</li>
 * </ul>
 */
package masq.api.spi;
