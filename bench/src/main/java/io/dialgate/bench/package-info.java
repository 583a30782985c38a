/**
 * Load and latency benchmarks. They run only on request ({@code bench/run}) and write their
 * results to {@code bench/results/}.
 */
package io.dialgate.bench;
