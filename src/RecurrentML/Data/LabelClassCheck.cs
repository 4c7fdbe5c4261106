using Microsoft.ML;

namespace RecurrentML.Data;

/// <summary>
/// A classification label needs rows of two classes at least. With one, the loss is minimised by the head's bias
/// alone, so the encoder would learn nothing from the label and hand on an encoding of its initial weights without a
/// word; like ML.NET's trainers that look at the labels they train on (FastTree: "Only one class in training set."),
/// this is an error.
/// </summary>
internal static class LabelClassCheck
{
    /// <summary>Throws <see cref="InvalidOperationException"/> naming the label column and its one value when the
    /// stored rows of a Boolean or key label hold a single class; a regression label passes.</summary>
    public static void RequireTwoClasses(SequenceStore store, LabelFormat label, DataViewSchema.Column column)
    {
        if (label.Kind == LabelKind.Single) return;
        var classes = Enumerable.Range(0, store.Count).Select(store.Label).Distinct().Take(2).ToList();
        if (classes.Count > 1) return;
        int found = (int)classes[0];
        string message = label.Kind == LabelKind.Boolean
            ? $"Label column '{column.Name}' has the value {found == 1} in all {store.Count} training rows; binary classification needs rows of both True and False."
            : $"Label column '{column.Name}' has one class, '{TokenRows.Vocabulary(column, label.ClassCount)[found]}' (key {found + 1} of {label.ClassCount}), " +
              $"in all {store.Count} training rows; multiclass classification needs rows of at least 2 classes.";
        throw new InvalidOperationException(message);
    }
}
