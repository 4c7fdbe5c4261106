// The runtime lets this assembly call internal members of the named ML.NET assemblies. The compiler does not know
// the attribute, which is why the library compiles against publicized reference copies (build/Publicize.targets).
// Without it the runtime ignores the [assembly: LoadableClass] registration and Model.Load cannot find the encoder.
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Core")]
[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo("Microsoft.ML.Data")]

namespace System.Runtime.CompilerServices
{
    /// <summary>Honoured by CoreCLR, matched by name; declared here because no public assembly declares it.</summary>
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
    internal sealed class IgnoresAccessChecksToAttribute : Attribute
    {
        public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

        public string AssemblyName { get; }
    }
}
