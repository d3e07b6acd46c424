/**
 * Data quality: constraints stored with a table and enforced by every Floe write to it.
 *
 * <p>A table's rules ({@link io.floe.quality.TableConstraints}) live in its table property {@value
 * io.floe.quality.TableConstraints#PROPERTY} as versioned JSON, so every Floe process that writes
 * the table enforces the same rules. They are changed with {@link
 * io.floe.FloeTable#updateConstraints()}, a pending operation. A write whose rows break a rule is
 * either rejected whole ({@link io.floe.quality.QualityMode#REJECT}, a {@link
 * io.floe.quality.ConstraintViolationException}) or commits its good rows and writes the bad ones,
 * with the rule they broke, to a quarantine table ({@link io.floe.quality.QualityMode#QUARANTINE});
 * the commit's snapshot summary counts both ({@link io.floe.quality.QualitySummary}).
 *
 * <pre>{@code
 * table.updateConstraints()
 *     .add(Constraint.notNull("id"))
 *     .add(Constraint.between("amount", 0L, 1_000_000L))
 *     .add(Constraint.matches("email", "[^@]+@[^@]+"))
 *     .mode(QualityMode.QUARANTINE)
 *     .commit();
 * }</pre>
 */
package io.floe.quality;
