/**
 * The AWS Auto Scaling adapter (AWS SDK v2, async client): describe, set desired capacity, protect,
 * terminate, activities. Built only in the composition root; imports no other agent-scaler package
 * but its records.
 */
package dev.pacer.agentscaler.cloud;
