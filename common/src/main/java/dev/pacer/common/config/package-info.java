/**
 * Loading and validating HOCON config into typed settings; imports typesafe-config and java.* only.
 */
package dev.pacer.common.config;
