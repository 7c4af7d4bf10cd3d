/** Registry webhooks in: Docker Registry v2 envelopes, Docker Hub and Harbor, to image pushes. */
package dev.pacer.autodeployer.ingest;
