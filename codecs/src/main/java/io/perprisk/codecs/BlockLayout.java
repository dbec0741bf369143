package io.perprisk.codecs;

import java.util.List;

/**
 * The root block of a message or the block of a repeating group: fixed fields, then groups, then var data, in
 * schema order.
 */
final class BlockLayout
{
    final String name;
    final int blockLength;
    final List<FieldLayout> fields;
    final List<GroupLayout> groups;
    final List<VarDataLayout> varData;

    BlockLayout(
        final String name,
        final int blockLength,
        final List<FieldLayout> fields,
        final List<GroupLayout> groups,
        final List<VarDataLayout> varData)
    {
        this.name = name;
        this.blockLength = blockLength;
        this.fields = List.copyOf(fields);
        this.groups = List.copyOf(groups);
        this.varData = List.copyOf(varData);
    }

    boolean hasMember(final String memberName)
    {
        for (final FieldLayout field : fields)
        {
            if (field.name.equals(memberName))
            {
                return true;
            }
        }
        for (final GroupLayout group : groups)
        {
            if (group.name.equals(memberName))
            {
                return true;
            }
        }
        for (final VarDataLayout data : varData)
        {
            if (data.name.equals(memberName))
            {
                return true;
            }
        }

        return false;
    }
}
