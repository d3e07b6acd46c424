package io.floe.testkit;

/**
 * One fault that {@link Faults} injected: which rule, into which call.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * assertThat(faults.injected()).extracting(InjectedFault::target).anyMatch(t -> t.endsWith(".metadata.json"));
 * }</pre>
 *
 * @param rule the rule's description, such as {@code "CREATE **.avro #2: fail"}
 * @param operation the file operation, or {@code "COMMIT"} for a catalog commit
 * @param target the file's location, or the table's name for a commit
 */
public record InjectedFault(String rule, String operation, String target) {}
