/** The VPC: public, app (egress through NAT) and data (isolated) subnets in two AZs. */
package org.aistudio.ops.network;
