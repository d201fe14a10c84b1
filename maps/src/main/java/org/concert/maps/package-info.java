/**
 * Scenarios: the boards a match starts from.
 *
 * <p>This package owns the shipped scenario files (protobuf text format against
 * {@code concert.v1.Scenario}, under {@code org/concert/maps/scenarios/}), their catalogue
 * ({@link org.concert.maps.Scenarios}), the reading of scenario files with located problems
 * ({@link org.concert.maps.ScenarioFiles}), the validator ({@link org.concert.maps.ScenarioValidator}),
 * the rulebook's default knobs ({@link org.concert.maps.RuleDefaults}) and the generator of
 * symmetric maps for fair tournaments ({@link org.concert.maps.SymmetricMaps}).
 *
 * <p>It depends on the protocol module only. It must not import the engine, the bots, the host,
 * Netty or any logging framework: everything here is pure and deterministic, and the only I/O is
 * reading a file or a class-path resource when asked to.
 */
package org.concert.maps;
