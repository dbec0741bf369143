package io.perprisk.codecs;

/**
 * One message of the schema: its name, template id and root block.
 */
final class MessageLayout
{
    final String name;
    final int templateId;
    final BlockLayout body;

    MessageLayout(final String name, final int templateId, final BlockLayout body)
    {
        this.name = name;
        this.templateId = templateId;
        this.body = body;
    }
}
