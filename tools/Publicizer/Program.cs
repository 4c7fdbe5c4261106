// Usage: Publicizer <output folder> <assembly>...
// Writes a copy of each assembly in which every type, method and field is public. RecurrentML compiles against
// these copies only; at run time the unmodified ML.NET assemblies load, and the library's
// [assembly: IgnoresAccessChecksTo] attributes make the runtime accept the calls into their internals.
using Mono.Cecil;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Publicizer <output folder> <assembly>...");
    return 2;
}

string outputFolder = args[0];
string[] inputs = args[1..];
Directory.CreateDirectory(outputFolder);
var resolver = new DefaultAssemblyResolver();
foreach (string folder in inputs.Select(Path.GetDirectoryName).Distinct())
    resolver.AddSearchDirectory(folder);

foreach (string input in inputs)
{
    string output = Path.Combine(outputFolder, Path.GetFileName(input));
    if (File.Exists(output) && File.GetLastWriteTimeUtc(output) >= File.GetLastWriteTimeUtc(input))
        continue;
    using var assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver });
    foreach (TypeDefinition type in assembly.MainModule.GetTypes())
    {
        if (type.IsNested) type.IsNestedPublic = true;
        else if (type.Name != "<Module>") type.IsPublic = true;
        // Explicit interface implementations keep their access: public copies would only collide by name.
        foreach (MethodDefinition method in type.Methods.Where(m => m.IsConstructor || !m.Name.Contains('.')))
            method.IsPublic = true;
        // Compiler-generated backing fields and event fields stay private: public copies would clash with the
        // property or event of the same name.
        var eventNames = type.Events.Select(e => e.Name).ToHashSet();
        foreach (FieldDefinition field in type.Fields.Where(f => !f.Name.StartsWith('<') && !eventNames.Contains(f.Name)))
            field.IsPublic = true;
    }
    assembly.Write(output);
}
return 0;
