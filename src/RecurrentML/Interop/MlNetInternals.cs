using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace RecurrentML.Interop;

/// <summary>
/// The ML.NET internals RecurrentML uses outside model save and load, in one place. Each is an ML.NET
/// [BestFriend] member that its own components use; Microsoft.ML is pinned to the version they were checked on.
/// </summary>
internal static class MlNetInternals
{
    /// <summary>The MLContext's environment behind a catalog.</summary>
    public static IHostEnvironment Environment(TransformsCatalog catalog) => CatalogUtils.GetEnvironment(catalog);

    /// <summary>The MLContext's environment behind a trainers catalog.</summary>
    public static IHostEnvironment Environment(TrainCatalogBase.CatalogInstantiatorBase catalog) => CatalogUtils.GetEnvironment(catalog);

    /// <summary>The MLContext's environment behind mlContext.Forecasting.</summary>
    public static IHostEnvironment Environment(TrainCatalogBase catalog) => CatalogUtils.GetEnvironment(catalog);

    /// <summary>The MLContext's seed, or null when it was created without one.</summary>
    public static int? Seed(IHostEnvironment environment) => (environment as IHostEnvironmentInternal)?.Seed;

    /// <summary>Throws <see cref="OperationCanceledException"/> when the host's MLContext was cancelled
    /// (ICancelable.CancelExecution): the check ML.NET's own trainers make in their loops (Contracts.CheckAlive).</summary>
    public static void ThrowIfCancelled(IHostEnvironment host) => host.CheckAlive();

    /// <summary>MLContext.GpuDeviceId and MLContext.FallbackToCpu.</summary>
    public static (int? GpuDeviceId, bool FallbackToCpu) DeviceSettings(IHostEnvironment environment) =>
        environment is IHostEnvironmentInternal settings ? (settings.GpuDeviceId, settings.FallbackToCpu) : (null, true);

    /// <summary>How ML.NET writes a column's type in messages, e.g. Vector&lt;Key&lt;UInt32&gt;&gt;.</summary>
    public static string TypeName(SchemaShape.Column column) => column.GetTypeString();

    /// <summary>A float vector column of unknown size, for <see cref="IEstimator{T}.GetOutputSchema"/>.</summary>
    public static SchemaShape.Column FloatVectorColumn(string name) =>
        new(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, isKey: false);

    /// <summary>A variable-length vector of keys with the annotations of <paramref name="like"/> (its key values), for
    /// <see cref="IEstimator{T}.GetOutputSchema"/>.</summary>
    public static SchemaShape.Column KeyVectorColumn(string name, SchemaShape.Column like) =>
        new(name, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.UInt32, isKey: true, like.Annotations);

    /// <summary>A text column, for <see cref="IEstimator{T}.GetOutputSchema"/>.</summary>
    public static SchemaShape.Column TextColumn(string name) =>
        new(name, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance, isKey: false);
}
