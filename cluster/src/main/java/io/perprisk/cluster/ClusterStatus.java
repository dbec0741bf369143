package io.perprisk.cluster;

import io.aeron.cluster.ClusterMember;
import io.aeron.cluster.ClusterMembership;
import io.aeron.cluster.ClusterTool;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What each member of a cluster on this machine says about itself, asked through Aeron's {@link ClusterTool}
 * (the member's mark file in {@code DIR/node-N/cluster}): its role, and its log position as the leader last saw it
 * (a follower does not report its own).
 */
public final class ClusterStatus
{
    private final int leader;
    private final List<Member> members;

    private ClusterStatus(final int leader, final List<Member> members)
    {
        this.leader = leader;
        this.members = Collections.unmodifiableList(members);
    }

    /**
     * Ask every member.
     *
     * @param dir       the cluster directory.
     * @param topology  the members.
     * @param timeoutMs how long to wait for each member's answer.
     * @return the status.
     */
    public static ClusterStatus query(final Path dir, final ClusterTopology topology, final long timeoutMs)
    {
        final List<Member> members = new ArrayList<>();
        List<ClusterMember> leaderView = null;
        int leader = -1;
        for (int id = 0; id < topology.memberCount(); id++)
        {
            final File clusterDir = ClusterTopology.clusterDir(dir, id).toFile();
            Member member = new Member(id, "DOWN", -1, "no answer from " + clusterDir);
            if (ClusterTool.markFileExists(clusterDir))
            {
                try
                {
                    final ClusterMembership membership = new ClusterMembership();
                    if (ClusterTool.listMembers(membership, clusterDir, timeoutMs))
                    {
                        long position = -1;
                        for (final ClusterMember active : membership.activeMembers)
                        {
                            if (active.id() == membership.memberId)
                            {
                                position = active.logPosition();
                            }
                        }
                        final boolean isLeader = membership.leaderMemberId == membership.memberId;
                        if (isLeader)
                        {
                            leader = id;
                            leaderView = membership.activeMembers;
                        }
                        else if (leader < 0 && membership.leaderMemberId >= 0)
                        {
                            leader = membership.leaderMemberId;
                        }
                        member = new Member(id, isLeader ? "LEADER" : "FOLLOWER", position, null);
                    }
                }
                catch (final RuntimeException ex)
                {
                    member = new Member(id, "DOWN", -1, "no answer from " + clusterDir + ": " + ex.getMessage());
                }
            }
            members.add(member);
        }
        if (null != leaderView)
        {
            for (final ClusterMember active : leaderView)
            {
                final int id = active.id();
                if (id >= 0 && id < members.size() && !"DOWN".equals(members.get(id).role()))
                {
                    final Member member = members.get(id);
                    members.set(id, new Member(id, member.role(), active.logPosition(), member.detail()));
                }
            }
        }
        return new ClusterStatus(leader, members);
    }

    /**
     * The leader's member id, -1 if no member answered with one.
     *
     * @return the leader.
     */
    public int leader()
    {
        return leader;
    }

    /**
     * Each member, member 0 first.
     *
     * @return the members.
     */
    public List<Member> members()
    {
        return members;
    }

    /**
     * The status as text: {@code leader: N} (or {@code leader: none}), then one line per member.
     *
     * @return the lines.
     */
    public List<String> lines()
    {
        final List<String> lines = new ArrayList<>();
        lines.add("leader: " + (leader >= 0 ? Integer.toString(leader) : "none"));
        for (final Member member : members)
        {
            lines.add("member " + member.id + ": " + member.role +
                (member.logPosition >= 0 ? " log position " + member.logPosition : "") +
                (null != member.detail ? " (" + member.detail + ")" : ""));
        }
        return lines;
    }

    /**
     * One member's answer.
     *
     * @param id          the member id.
     * @param role        {@code LEADER}, {@code FOLLOWER} or {@code DOWN}.
     * @param logPosition its log position, -1 if unknown.
     * @param detail      why it is down, or null.
     */
    public record Member(int id, String role, long logPosition, String detail)
    {
    }
}
