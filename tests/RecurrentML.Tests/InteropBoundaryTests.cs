using Mono.Cecil;
using Mono.Cecil.Cil;
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
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(AppContext.BaseDirectory);
        using var module = ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, "RecurrentML.dll"),
            new ReaderParameters { AssemblyResolver = resolver });
        var outside = new List<string>();
        int inInterop = 0;
        foreach (var type in module.GetTypes())
        {
            var uses = InternalUses(type).Distinct().ToList();
            if (Outermost(type).Namespace == "RecurrentML.Interop") inInterop += uses.Count;
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
        Assert.Equal(new[] { "Interop/EncoderRegistration.cs", "Interop/IgnoresAccessChecksToAttribute.cs", "Interop/LanguageModelRegistration.cs" }, declaring.Order());
    }

    private static IEnumerable<string> InternalUses(TypeDefinition type)
    {
        var references = new List<MemberReference>();
        if (type.BaseType != null) references.Add(type.BaseType);
        references.AddRange(type.Interfaces.Select(i => i.InterfaceType));
        references.AddRange(type.CustomAttributes.Select(a => a.Constructor));
        references.AddRange(type.Fields.Select(f => f.FieldType));
        references.AddRange(type.Properties.Select(p => p.PropertyType));
        foreach (var method in type.Methods)
        {
            references.Add(method.ReturnType);
            references.AddRange(method.Parameters.Select(p => p.ParameterType));
            references.AddRange(method.Overrides);
            references.AddRange(method.CustomAttributes.Select(a => a.Constructor));
            if (!method.HasBody) continue;
            references.AddRange(method.Body.Variables.Select(v => v.VariableType));
            references.AddRange(method.Body.Instructions.Select(i => i.Operand).OfType<MemberReference>());
        }
        return references.SelectMany(Internals).Select(r => r.FullName);
    }

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

    private static TypeDefinition Outermost(TypeDefinition type) => type.DeclaringType == null ? type : Outermost(type.DeclaringType);
}
