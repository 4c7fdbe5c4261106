using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;

namespace RecurrentML.Interop;

/// <summary>
/// A data view that ML.NET's <c>ConvertToOnnx</c> walks through and writes into its graph. The exporter walks back
/// from the model's output through <see cref="Source"/> while each view is an ML.NET <c>ITransformCanSaveOnnx</c>, and
/// takes the columns where the walk stops as graph inputs; that interface, and the context it is handed, are internal
/// ([BestFriend]). Subclasses see only <see cref="OnnxGraphBuilder"/>.
/// </summary>
internal abstract class OnnxExportableDataView : ITransformCanSaveOnnx
{
    public abstract DataViewSchema Schema { get; }

    /// <summary>The data view this one reads.</summary>
    public abstract IDataView Source { get; }

    public abstract bool CanShuffle { get; }

    public abstract long? GetRowCount();

    public abstract DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random rand = null);

    public abstract DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random rand = null);

    /// <summary>Names the graph's nodes and variables of this view (made unique by ML.NET).</summary>
    protected abstract string OnnxPrefix { get; }

    /// <summary>Adds this view's nodes to the graph.</summary>
    protected abstract void WriteOnnx(OnnxGraphBuilder graph);

    /// <summary>What a caller is told who tries to save the view itself (ML.NET's legacy data-pipe saving).</summary>
    protected abstract string WhyNotSaved { get; }

    bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx) => true;

    void ISaveAsOnnx.SaveAsOnnx(OnnxContext ctx) => WriteOnnx(new OnnxGraphBuilder(ctx, OnnxPrefix));

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(WhyNotSaved);
}
