/** High availability: one acting replica, elected through ZooKeeper, and the pauses kept there. */
package dev.pacer.common.ha;
