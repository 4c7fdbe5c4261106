using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace RecurrentML.Tests.Reliability;

/// <summary>
/// TorchSharp 0.107 hands a Scalar's handle to native code without keeping the Scalar alive, so a temporary Scalar
/// can be finalised during the call: runs died so in <c>div</c> ("Unknown scalar type") and, in CI, in Adam's
/// <c>addcmul_</c> ("Expected false to be true" from <c>Scalar::toFloat</c>). Checked on the compiled library's IL:
/// every Scalar it makes is stored in a local that is disposed later (a <c>using</c> variable), and it calls no
/// TorchSharp code that makes temporary Scalars inside (the optimizers, <c>arange</c> without all three bounds,
/// <c>add</c> and <c>add_</c> without an alpha and the <c>+</c> operators: a CI run died in <c>add_(Scalar)</c>'s alpha).
/// </summary>
public class HeldScalarTests
{
    [Fact]
    public void Every_Scalar_the_library_makes_is_held_until_it_is_disposed()
    {
        using var module = CompiledReferences.Library();
        var loose = new List<string>();
        int held = 0;
        foreach (var (method, instruction, called) in Calls(module))
        {
            if (called.ReturnType.FullName != "TorchSharp.Scalar") continue;
            var local = StoredLocal(instruction.Next, method.Body);
            // Held by a local that is disposed, or for the process's life by a static field (Network/HeldScalars).
            bool inStaticField = instruction.Next?.OpCode.Code == Code.Stsfld;
            if (local is not null && Disposes(method.Body, local) || inStaticField) held++;
            else loose.Add($"{method.DeclaringType.FullName}::{method.Name} makes a Scalar by {called.Name} at IL_{instruction.Offset:x4} and does not hold it in a disposed local");
        }
        Assert.True(loose.Count == 0, string.Join("\n", loose));
        // The check sees the library's Scalars (the Adam update, the CRF, dropout, the losses, ...).
        Assert.True(held >= 20, $"only {held} Scalars found; the check may not be reading the library's IL");
    }

    [Fact]
    public void The_library_calls_no_TorchSharp_code_that_makes_temporary_Scalars_inside()
    {
        using var module = CompiledReferences.Library();
        var calls = Calls(module)
            .Where(c => c.Called.DeclaringType.FullName.StartsWith("TorchSharp.torch/optim", StringComparison.Ordinal)
                || c.Called.DeclaringType.FullName.StartsWith("TorchSharp.Modules.Adam", StringComparison.Ordinal)
                || c.Called.Name == "arange" && c.Called.Parameters.Count(p => p.ParameterType.FullName == "TorchSharp.Scalar") < 3
                // add and add_ without an alpha pass a temporary Scalar 1 as alpha; so do the + operators, which call them.
                || c.Called.DeclaringType.FullName == "TorchSharp.torch/Tensor" && c.Called.Name is "add" or "add_" && c.Called.Parameters.Count == 1
                || c.Called.DeclaringType.FullName == "TorchSharp.torch/Tensor" && c.Called.Name == "op_Addition")
            .Select(c => $"{c.Method.DeclaringType.FullName}::{c.Method.Name} calls {c.Called.FullName}")
            .ToList();
        Assert.True(calls.Count == 0, string.Join("\n", calls));
    }

    private static IEnumerable<(MethodDefinition Method, Instruction Instruction, MethodReference Called)> Calls(ModuleDefinition module) =>
        from type in module.GetTypes()
        from method in type.Methods
        where method.HasBody
        from instruction in method.Body.Instructions
        where instruction.Operand is MethodReference
        select (method, instruction, (MethodReference)instruction.Operand);

    private static VariableDefinition StoredLocal(Instruction instruction, MethodBody body) => instruction?.OpCode.Code switch
    {
        Code.Stloc_0 => body.Variables[0],
        Code.Stloc_1 => body.Variables[1],
        Code.Stloc_2 => body.Variables[2],
        Code.Stloc_3 => body.Variables[3],
        Code.Stloc_S or Code.Stloc => (VariableDefinition)instruction.Operand,
        _ => null,
    };

    /// <summary>Whether <paramref name="body"/> loads <paramref name="local"/> straight into <c>IDisposable.Dispose</c>,
    /// as a <c>using</c> variable's finally block does.</summary>
    private static bool Disposes(MethodBody body, VariableDefinition local) =>
        body.Instructions.Any(i => i.Operand is MethodReference { Name: "Dispose" } dispose
            && dispose.DeclaringType.FullName == "System.IDisposable"
            && i.Previous is { } load && LoadedLocal(load, body) == local);

    private static VariableDefinition LoadedLocal(Instruction instruction, MethodBody body) => instruction.OpCode.Code switch
    {
        Code.Ldloc_0 => body.Variables[0],
        Code.Ldloc_1 => body.Variables[1],
        Code.Ldloc_2 => body.Variables[2],
        Code.Ldloc_3 => body.Variables[3],
        Code.Ldloc_S or Code.Ldloc => (VariableDefinition)instruction.Operand,
        _ => null,
    };
}
