/**
 * The engine replicated on Aeron Cluster: {@link io.perprisk.cluster.RiskClusteredService} (one engine per member,
 * fed by the cluster log, journaled like the single-node service), {@link io.perprisk.cluster.ClusterNode} (one
 * member: media driver, archive, consensus module and service container), {@link io.perprisk.cluster.ClusterTopology}
 * (members, endpoints, directories) and {@link io.perprisk.cluster.ClusterRiskClient}, the cluster-aware client that
 * numbers its messages and follows the leader.
 */
package io.perprisk.cluster;
