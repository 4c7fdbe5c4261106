using Microsoft.ML;
using Microsoft.ML.Data;

using RecurrentML.TimeSeries;

namespace RecurrentML;

/// <summary>
/// The cases of a <c>.ts</c> file, from <c>mlContext.Data.LoadFromTsFile</c>. Columns:
/// <list type="bullet">
/// <item><c>Features</c>: Vector&lt;Single&gt;, the case step-major: the <see cref="Dimensions"/> values of step 1, then
/// those of step 2, and so on (a <c>.ts</c> line is dimension-major; this is the layout the encoders read with
/// <c>FeaturesPerStep = Dimensions</c>). Its size is known when every case has the same length.</item>
/// <item><c>Length</c>: Int32, the case's number of steps.</item>
/// <item><c>Label</c>: Text, the class as written (<c>@classLabel true</c>; map it with <c>MapValueToKey</c>), or
/// Single for <c>@targetLabel true</c>; absent when the file has no labels.</item>
/// </list>
/// </summary>
public sealed class TsDataView : IDataView
{
    private readonly IDataView _rows;

    internal TsDataView(IDataView rows, TsFileContents contents)
    {
        _rows = rows;
        ProblemName = contents.ProblemName;
        Dimensions = contents.Dimensions;
        ClassLabels = contents.ClassLabels;
        MinLength = contents.Cases.Min(c => c.Length);
        MaxLength = contents.Cases.Max(c => c.Length);
    }

    /// <summary>The <c>@problemName</c>, or null.</summary>
    public string ProblemName { get; }

    /// <summary>Values per step: set the encoder's <c>FeaturesPerStep</c> to this.</summary>
    public int Dimensions { get; }

    /// <summary>The <c>@classLabel</c> values in the file's order; empty when the file has none.</summary>
    public IReadOnlyList<string> ClassLabels { get; }

    /// <summary>Steps in the shortest case.</summary>
    public int MinLength { get; }

    /// <summary>Steps in the longest case.</summary>
    public int MaxLength { get; }

    /// <inheritdoc/>
    public bool CanShuffle => _rows.CanShuffle;

    /// <inheritdoc/>
    public DataViewSchema Schema => _rows.Schema;

    /// <inheritdoc/>
    public long? GetRowCount() => _rows.GetRowCount();

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random rand = null) => _rows.GetRowCursor(columnsNeeded, rand);

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random rand = null) =>
        _rows.GetRowCursorSet(columnsNeeded, n, rand);

    internal static TsDataView Create(DataOperationsCatalog catalog, TsFileContents contents)
    {
        int? size = contents.Cases.All(c => c.Length == contents.Cases[0].Length) ? contents.Cases[0].Values.Length : null;
        return contents.LabelKind switch
        {
            TsLabelKind.Class => Load(catalog, contents, size, c => new ClassRow { Features = c.Values, Length = c.Length, Label = c.Label }),
            TsLabelKind.Target => Load(catalog, contents, size, c => new TargetRow { Features = c.Values, Length = c.Length, Label = c.Target }),
            _ => Load(catalog, contents, size, c => new UnlabeledRow { Features = c.Values, Length = c.Length }),
        };
    }

    private static TsDataView Load<TRow>(DataOperationsCatalog catalog, TsFileContents contents, int? size, Func<TsCase, TRow> row) where TRow : class
    {
        var schema = SchemaDefinition.Create(typeof(TRow));
        if (size is int n) schema[nameof(UnlabeledRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, n);
        return new TsDataView(catalog.LoadFromEnumerable(contents.Cases.Select(row).ToList(), schema), contents);
    }

    private class UnlabeledRow
    {
        public float[] Features { get; set; }
        public int Length { get; set; }
    }

    private sealed class ClassRow : UnlabeledRow
    {
        public string Label { get; set; }
    }

    private sealed class TargetRow : UnlabeledRow
    {
        public float Label { get; set; }
    }
}
