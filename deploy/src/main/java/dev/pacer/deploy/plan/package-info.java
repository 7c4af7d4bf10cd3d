/**
 * What a {@code pacer deploy} sends, decided from the rendered config and the running app: the
 * instance count an autoscaled app keeps, the image the autodeployer owns, the labels that say who
 * deployed from where, and the field-path diff against the running app. Pure: no IO library.
 */
package dev.pacer.deploy.plan;
