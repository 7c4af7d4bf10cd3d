/** Whether and how to deploy one push to one app: a pure decision that returns its reason. */
package dev.pacer.autodeployer.plan;
