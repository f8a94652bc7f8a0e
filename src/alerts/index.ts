/** Alerts as a library: what the Lambda, `watch` and the rotation engine use. */
export { type AuditGraph, buildAuditGraph, type GraphEnv } from './audit-graph.js';
export type { AuditMetrics } from './audit-metrics.js';
export {
  type AuditRunDeps,
  type AuditRunOptions,
  type AuditRunOutcome,
  auditAndAlert,
} from './audit-run.js';
export type { AlertChannel, ChannelResult, ChannelType } from './channel.js';
export { type ChannelDeps, createChannels } from './channels.js';
export { type AlertChannelConfig, type AlertsConfig, alertsConfigSchema } from './config.js';
export { buildAuditDigest, type DigestOptions } from './digest.js';
export type { AlertDigest, AlertGroup, AlertItem, AlertSource } from './digest-types.js';
export { type DispatchOptions, dispatchAlert } from './dispatch.js';
export * from './errors.js';
export {
  type RotationAlertDeps,
  type RotationFailure,
  rotationFailureDigest,
  sendRotationFailureAlert,
} from './rotation-failure.js';
export type { AlertStatus, Severity } from './severity.js';
export {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from './webhook-signature.js';
