using Mono.Cecil;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>
/// ML.NET internals ([BestFriend] types and members, reached through the build's publicized reference assemblies) are
/// used only by types in the RecurrentML.Interop namespace (src/RecurrentML/Interop/). Checked on the compiled
/// library's metadata and IL against the real ML.NET assemblies beside the tests: every base type, interface, attribute,
/// field, signature, explicit interface implementation and instruction operand of every other type.
/// </summary>
public class InteropBoundaryTests
{
    [Fact]
    public void Only_Interop_uses_MLNET_internals()
    {
        using var module = CompiledReferences.Library(resolveBesideTests: true);
        var outside = new List<string>();
        int inInterop = 0;
        foreach (var type in module.GetTypes())
        {
            var uses = InternalUses(type).Distinct().ToList();
            if (CompiledReferences.Outermost(type).Namespace == "RecurrentML.Interop") inInterop += uses.Count;
            else outside.AddRange(uses.Select(use => $"{type.FullName} uses {use}"));
        }
        Assert.True(outside.Count == 0, "ML.NET internals used outside RecurrentML.Interop:\n" + string.Join("\n", outside));
        // The check sees internals where they are used: Interop uses several (the save/load surface, OnnxContext, ...).
        Assert.True(inInterop >= 10, $"only {inInterop} uses of ML.NET internals found in Interop; the check may not be reading the real assemblies");
    }

    [Fact]
    public void Assembly_level_MLNET_registrations_are_declared_in_Interop()
    {
        string source = Path.Combine(RepositoryFiles.Root(), "src", "RecurrentML");
        var declaring = Directory.GetFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(path => File.ReadAllText(path).Contains("[assembly: LoadableClass") || File.ReadAllText(path).Contains("[assembly: System.Runtime.CompilerServices.IgnoresAccessChecksTo"))
            .Select(path => Path.GetRelativePath(source, path).Replace('\\', '/')).ToList();
        Assert.Equal(new[] { "Interop/AudioFeaturesRegistration.cs", "Interop/EncoderRegistration.cs", "Interop/ForecasterRegistration.cs", "Interop/IgnoresAccessChecksToAttribute.cs", "Interop/LanguageModelRegistration.cs", "Interop/TaggerRegistration.cs", "Interop/TranscriberRegistration.cs" }, declaring.Order());
    }

    private static IEnumerable<string> InternalUses(TypeDefinition type) =>
        CompiledReferences.Of(type).SelectMany(Internals).Select(r => r.FullName);

    /// <summary>The parts of a reference that name a non-public member or type of an ML.NET assembly.</summary>
    private static IEnumerable<MemberReference> Internals(MemberReference reference)
    {
        switch (reference)
        {
            case GenericInstanceType generic:
                foreach (var part in Internals(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Internals))) yield return part;
                yield break;
            case TypeSpecification specification: // arrays, by-reference and pointer types
                foreach (var part in Internals(specification.ElementType)) yield return part;
                yield break;
            case TypeReference typeReference:
                if (FromMlNet(typeReference) && typeReference.Resolve() is { } definition && !Visible(definition)) yield return typeReference;
                yield break;
            case MethodReference method:
                foreach (var part in Internals(method.DeclaringType)) yield return part;
                if (FromMlNet(method.DeclaringType) && method.Resolve() is { } m && (m.IsAssembly || m.IsFamilyAndAssembly || m.IsPrivate)) yield return method;
                yield break;
            case FieldReference field:
                foreach (var part in Internals(field.DeclaringType)) yield return part;
                if (FromMlNet(field.DeclaringType) && field.Resolve() is { } f && (f.IsAssembly || f.IsFamilyAndAssembly || f.IsPrivate)) yield return field;
                yield break;
        }
    }

    private static bool FromMlNet(TypeReference type) =>
        type.Scope is AssemblyNameReference assembly && assembly.Name.StartsWith("Microsoft.ML", StringComparison.Ordinal);

    private static bool Visible(TypeDefinition type) =>
        type.IsPublic || (type.IsNestedPublic && Visible(type.DeclaringType));
}
