/**
 * Contract suites that every catalog and storage backend must pass: extend {@link
 * io.floe.testkit.contract.CatalogContract} in a test class, say how to open a {@link io.floe.Floe}
 * on the backend, and JUnit runs the suite.
 *
 * <pre>{@code
 * class InMemoryCatalogTest extends CatalogContract {
 *   protected FloeConfig config() { return FloeConfig.inMemory(); }
 * }
 * }</pre>
 */
package io.floe.testkit.contract;
