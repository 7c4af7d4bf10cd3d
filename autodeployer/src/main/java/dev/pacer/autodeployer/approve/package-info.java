/**
 * Approvals of pushes to apps whose {@code autodeploy} label asks for them ({@code approvals = N},
 * {@code approval-deadline}): the approvals and votes as records of the process's control store
 * ({@link dev.pacer.autodeployer.approve.Approval}, {@link dev.pacer.autodeployer.approve.Vote}),
 * what decides them ({@link dev.pacer.autodeployer.approve.Approvals}), and where votes come from:
 * {@code POST /approvals/{id}} and Slack's buttons ({@link
 * dev.pacer.autodeployer.approve.SlackInteractions}).
 */
package dev.pacer.autodeployer.approve;
