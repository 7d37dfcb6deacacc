/** A labelled one-line text input, read from the form on submit. */
export function Field({
  label,
  name,
  maxLength,
  required = false,
}: {
  label: string;
  name: string;
  maxLength: number;
  required?: boolean;
}) {
  return (
    <label>
      {label}
      <input name={name} maxLength={maxLength} required={required} />
    </label>
  );
}
