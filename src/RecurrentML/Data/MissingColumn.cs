using Microsoft.ML;

namespace RecurrentML.Data;

/// <summary>The error for a column the data does not have: the column and the option that names it, and the columns
/// the data does have, so that a misspelt or forgotten column is found at a glance.</summary>
internal static class MissingColumn
{
    /// <summary>How a user names an estimator's input and label columns.</summary>
    public const string InputOption = "the options' InputColumnName (inputColumnName in the simple overloads)";
    public const string LabelOption = "the options' LabelColumnName (labelColumnName in the simple overloads)";

    /// <param name="parameterName">The argument that held the data.</param>
    /// <param name="role">"Input" or "Label".</param>
    /// <param name="name">The column looked for.</param>
    /// <param name="option">The option that names it, as the user sets it.</param>
    /// <param name="present">The names of the data's visible columns.</param>
    public static ArgumentOutOfRangeException Error(string parameterName, string role, string name, string option, IEnumerable<string> present) =>
        new(parameterName, $"{role} column '{name}' was not found in the data; the data has {Describe(present.Distinct().ToList())}. " +
                           $"Name the column with {option}.");

    public static ArgumentOutOfRangeException Error(string parameterName, string role, string name, string option, DataViewSchema schema) =>
        Error(parameterName, role, name, option, schema.Where(c => !c.IsHidden).Select(c => c.Name));

    private static string Describe(IReadOnlyList<string> columns) => columns.Count == 0
        ? "no columns"
        : $"the column{(columns.Count == 1 ? "" : "s")} {string.Join(", ", columns.Select(c => $"'{c}'"))}";
}
