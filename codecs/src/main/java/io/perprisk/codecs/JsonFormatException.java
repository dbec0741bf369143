package io.perprisk.codecs;

/**
 * A line of the JSON Lines text form could not be turned into an SBE message. The message names the line number,
 * the field (when the problem is tied to one) and the problem; each is also available as an accessor so tools can
 * report it their own way.
 */
public final class JsonFormatException extends Exception
{
    private static final long serialVersionUID = 1L;
    private static final int MAX_FIELD_NAME_ECHO = 80;

    private final long lineNumber;
    private final String fieldName;
    private final JsonProblem problem;
    private final String detail;

    /**
     * Create an exception for a line that cannot be read.
     *
     * @param lineNumber of the line in its source, as given to the reader.
     * @param fieldName  path of the field at fault, e.g. {@code price} or {@code tiers[1].notionalCap}; null when the
     *                   problem is not tied to a field.
     * @param problem    what kind of problem it is.
     * @param detail     short human-readable explanation, quoting the offending value where there is one.
     */
    public JsonFormatException(
        final long lineNumber, final String fieldName, final JsonProblem problem, final String detail)
    {
        super(format(lineNumber, fieldName, problem, detail));
        this.lineNumber = lineNumber;
        this.fieldName = fieldName;
        this.problem = problem;
        this.detail = detail;
    }

    /**
     * Line number of the offending line, as given to the reader.
     *
     * @return the line number.
     */
    public long lineNumber()
    {
        return lineNumber;
    }

    /**
     * Path of the field at fault, e.g. {@code price}, {@code type} or {@code tiers[1].notionalCap}.
     *
     * @return the field path, or null when the problem is not tied to a field (e.g. malformed JSON).
     */
    public String fieldName()
    {
        return fieldName;
    }

    /**
     * Kind of problem.
     *
     * @return the problem.
     */
    public JsonProblem problem()
    {
        return problem;
    }

    /**
     * Human-readable explanation without the line number and field.
     *
     * @return the detail.
     */
    public String detail()
    {
        return detail;
    }

    private static String format(
        final long lineNumber, final String fieldName, final JsonProblem problem, final String detail)
    {
        final StringBuilder sb = new StringBuilder(64).append("line ").append(lineNumber);
        if (null != fieldName)
        {
            if (fieldName.length() <= MAX_FIELD_NAME_ECHO)
            {
                sb.append(", field ").append(fieldName);
            }
            else
            {
                sb.append(", field ").append(fieldName, 0, MAX_FIELD_NAME_ECHO).append("... (")
                    .append(fieldName.length()).append(" characters)");
            }
        }

        return sb.append(": ").append(problem).append(": ").append(detail).toString();
    }
}
