package masq.app;

import masq.config.LoadResult;

/** Reads and validates the configuration as it is now; called once per sync. Never throws for bad input. */
@FunctionalInterface
interface ConfigLoader {
    LoadResult load();
}
