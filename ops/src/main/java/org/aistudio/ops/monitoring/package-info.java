/** Alert topics, alarms and the dashboard over the host's CloudWatch metrics and the AWS services. */
package org.aistudio.ops.monitoring;
