package masq.config;

import masq.api.ConfigProblem.Origin;

/**
 * A scalar key's value and where it was set.
 *
 * @param value  the parsed value
 * @param origin file, key as written, value as written
 */
record Setting<T>(T value, Origin origin) {
}
