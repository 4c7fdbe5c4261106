using RecurrentML.Interop;

namespace RecurrentML.Training;

/// <summary>Runs a training with torch's thread count set for it (and restored after) and denormals flushed. torch's
/// thread count is process-wide, so trainings run one at a time (they would share the cores anyway).</summary>
internal static class TrainingThreads
{
    private static readonly object TorchThreadCount = new();

    public static T Run<T>(int threads, Func<T> train)
    {
        lock (TorchThreadCount)
        {
            using var flushDenormals = DenormalFlushScope.Enter();
            int threadsBefore = TorchSharp.torch.get_num_threads();
            TorchSharp.torch.set_num_threads(threads);
            try
            {
                return train();
            }
            finally
            {
                TorchSharp.torch.set_num_threads(threadsBefore);
            }
        }
    }
}
