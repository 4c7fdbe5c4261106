namespace RecurrentML.Quality;

/// <summary><c>results/cv.csv</c>: every cross-validation ever run, one row appended as each finishes, so that
/// candidates tried on different days can be compared and a stopped run keeps what it finished.</summary>
internal sealed class CvLog
{
    /// <summary>Opens the log, creating it with its header; an existing file is checked before anything is fitted.</summary>
    /// <exception cref="InvalidDataException">The file's first line is not the header this version writes.</exception>
    public CvLog(string path)
    {
        Path = path;
        if (!File.Exists(path))
        {
            File.WriteAllText(path, CvRow.CsvHeader + "\n");
            return;
        }
        string header = File.ReadLines(path).FirstOrDefault();
        if (header != CvRow.CsvHeader)
            throw new InvalidDataException($"{path}: the first line is '{header}', expected '{CvRow.CsvHeader}'. Move the file away to start a new log.");
    }

    public string Path { get; }

    public void Append(CvRow row) => File.AppendAllText(Path, row.ToCsv() + "\n");
}
