// One implementation of the libtorch loading fix, compiled twice: by MSBuild's RoslynCodeTaskFactory as the
// PatchLibTorchSharp build task (RecurrentML.targets, beside this file), and into the library as the run-time
// fallback (RECURRENTML_LIBRARY is defined there), so apps that were never built with the targets also load.
//
// Why: TorchSharp 0.107's libLibTorchSharp.so is linked against GCC 13's libstdc++ and names GLIBCXX_3.4.32 only
// for the marker symbol std::ios_base_library_init(), which no relocation uses. Debian 12 and Ubuntu 22.04 ship
// GLIBCXX_3.4.30, so dlopen refuses the library. Marking that version-need entry weak (VER_FLG_WEAK in
// .gnu.version_r) turns the refusal into a warning-free load; nothing else in the file changes.
using System;
using System.IO;
using System.Text;

namespace RecurrentML.Interop
{
    internal static class GlibcxxVersionNeedPatch
    {
        public const string Version = "GLIBCXX_3.4.32";
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlgWeak = 0x2;

        /// <summary>Marks <paramref name="version"/> weak in the ELF file at <paramref name="path"/>.
        /// Returns what it did: "patched", "already patched", "version need not present" or "not an ELF64 file".</summary>
        public static string Apply(string path, string version = Version)
        {
            byte[] b = File.ReadAllBytes(path);
            if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F' || b[4] != 2 || b[5] != 1)
                return "not an ELF64 little-endian file";
            long sectionTable = (long)BitConverter.ToUInt64(b, 0x28);
            int entrySize = BitConverter.ToUInt16(b, 0x3A), sectionCount = BitConverter.ToUInt16(b, 0x3C);
            for (int i = 0; i < sectionCount; i++)
            {
                int section = checked((int)(sectionTable + (long)i * entrySize));
                if (BitConverter.ToUInt32(b, section + 4) != ShtGnuVerneed) continue;
                int need = checked((int)BitConverter.ToUInt64(b, section + 0x18));
                int stringSection = checked((int)(sectionTable + (long)BitConverter.ToUInt32(b, section + 0x28) * entrySize));
                int strings = checked((int)BitConverter.ToUInt64(b, stringSection + 0x18));
                while (true)
                {
                    int auxCount = BitConverter.ToUInt16(b, need + 2);
                    int aux = need + (int)BitConverter.ToUInt32(b, need + 8);
                    for (int k = 0; k < auxCount; k++)
                    {
                        if (ReadString(b, strings + (int)BitConverter.ToUInt32(b, aux + 8)) == version)
                        {
                            ushort flags = BitConverter.ToUInt16(b, aux + 4);
                            if ((flags & VerFlgWeak) != 0) return "already patched";
                            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(b, aux + 4);
                            File.WriteAllBytes(path, b);
                            return "patched";
                        }
                        uint nextAux = BitConverter.ToUInt32(b, aux + 12);
                        if (nextAux == 0) break;
                        aux += (int)nextAux;
                    }
                    uint nextNeed = BitConverter.ToUInt32(b, need + 12);
                    if (nextNeed == 0) break;
                    need += (int)nextNeed;
                }
            }
            return "version need not present";
        }

        private static string ReadString(byte[] b, int start)
        {
            int end = start;
            while (b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, start, end - start);
        }
    }

#if !RECURRENTML_LIBRARY
    public sealed class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; }

        public override bool Execute()
        {
            foreach (var item in Files)
            {
                if (!File.Exists(item.ItemSpec)) continue;
                string result = GlibcxxVersionNeedPatch.Apply(item.ItemSpec);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, $"RecurrentML: {item.ItemSpec}: {result}");
            }
            return true;
        }
    }
#endif
}
