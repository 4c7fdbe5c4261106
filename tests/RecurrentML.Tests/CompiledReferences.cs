using Mono.Cecil;

namespace RecurrentML.Tests;

/// <summary>What a compiled type of the library refers to, read from its metadata and IL: base type, interfaces,
/// attributes, fields, properties, method signatures, overrides, locals and instruction operands. The boundary tests
/// check these references against the rooms a type may use.</summary>
internal static class CompiledReferences
{
    public static ModuleDefinition Library(bool resolveBesideTests = false)
    {
        var parameters = new ReaderParameters();
        if (resolveBesideTests)
        {
            var resolver = new DefaultAssemblyResolver();
            resolver.AddSearchDirectory(AppContext.BaseDirectory);
            parameters.AssemblyResolver = resolver;
        }
        return ModuleDefinition.ReadModule(Path.Combine(AppContext.BaseDirectory, "RecurrentML.dll"), parameters);
    }

    public static IEnumerable<MemberReference> Of(TypeDefinition type)
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
        return references.Where(r => r != null);
    }

    public static TypeDefinition Outermost(TypeDefinition type) => type.DeclaringType == null ? type : Outermost(type.DeclaringType);
}
