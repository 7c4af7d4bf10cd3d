/**
 * The autodeployer: deploys every Marathon app whose autodeploy label matches a pushed image. May
 * import dev.pacer.common and its libraries; never another daemon.
 */
package dev.pacer.autodeployer;
