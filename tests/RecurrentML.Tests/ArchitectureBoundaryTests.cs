using Mono.Cecil;
using Xunit;

namespace RecurrentML.Tests;

/// <summary>
/// The folders' dependencies, checked on the compiled library: the model description (RecurrentML.Model) is plain data
/// that the network, persistence, ONNX and row-scoring code all read, so it uses none of them and no TorchSharp; the
/// network (RecurrentML.Network) reads the description, never the persistence code that writes it; the targets
/// (RecurrentML.Targets) sit between reading rows and training: the data room reads a label through the getter a
/// target hands it, and a target knows nothing of the training loop or the zip.
/// </summary>
public class ArchitectureBoundaryTests
{
    public static TheoryData<string, string> Forbidden => new()
    {
        { "RecurrentML.Model", "RecurrentML.Persistence" },
        { "RecurrentML.Model", "RecurrentML.Network" },
        { "RecurrentML.Model", "RecurrentML.Onnx" },
        { "RecurrentML.Model", "TorchSharp" },
        { "RecurrentML.Network", "RecurrentML.Persistence" },
        { "RecurrentML.Model", "RecurrentML.Targets" },
        { "RecurrentML.Data", "RecurrentML.Targets" },
        { "RecurrentML.Targets", "RecurrentML.Training" },
        { "RecurrentML.Targets", "RecurrentML.Persistence" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void A_folder_does_not_use_what_it_must_not(string user, string used)
    {
        using var module = CompiledReferences.Library();
        var users = module.GetTypes().Where(t => InNamespace(CompiledReferences.Outermost(t).Namespace, user)).ToList();
        Assert.NotEmpty(users);
        var uses = users.SelectMany(t => ReferencedTypes(t).Where(r => InNamespace(Namespace(r), used)).Select(r => $"{t.FullName} uses {r.FullName}"))
            .Distinct().ToList();
        Assert.True(uses.Count == 0, string.Join("\n", uses));
    }

    private static bool InNamespace(string name, string prefix) => name == prefix || name.StartsWith(prefix + ".");

    private static string Namespace(TypeReference type) => type.DeclaringType != null ? Namespace(type.DeclaringType) : type.Namespace;

    /// <summary>The types a type refers to: each reference's type, or a member's declaring type.</summary>
    private static IEnumerable<TypeReference> ReferencedTypes(TypeDefinition type) =>
        CompiledReferences.Of(type).Select(r => r as TypeReference ?? r.DeclaringType).Where(r => r != null).SelectMany(Parts);

    /// <summary>A type and the types inside it: generic arguments, array elements.</summary>
    private static IEnumerable<TypeReference> Parts(TypeReference type) => type switch
    {
        GenericInstanceType generic => Parts(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Parts)),
        TypeSpecification specification => Parts(specification.ElementType),
        _ => [type],
    };
}
