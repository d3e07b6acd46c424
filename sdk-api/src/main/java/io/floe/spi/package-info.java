/** Service interfaces that connect the public API to its implementation. */
package io.floe.spi;
