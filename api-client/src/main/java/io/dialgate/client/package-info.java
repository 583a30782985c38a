/**
 * Typed client of the Daktela v6 REST API. See the module README.
 */
package io.dialgate.client;
