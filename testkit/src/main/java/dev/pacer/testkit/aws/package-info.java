/** Test-only: an AWS Auto Scaling API simulator (the query protocol, real error bodies). */
package dev.pacer.testkit.aws;
