/** A list's search box: a labelled search field and how many rows it leaves ("3 of 12 shown"). */
import { useId } from 'react';

export function SearchField({ value, onChange, label, placeholder, shown, total, testId }: {
  value: string;
  onChange: (value: string) => void;
  /** The field's visible label, e.g. "Search records". */
  label: string;
  placeholder?: string;
  shown: number;
  total: number;
  testId?: string;
}) {
  const id = useId();
  const fmt = new Intl.NumberFormat();
  return (
    <div className="search-field" role="search">
      <label htmlFor={id} className="search-label">
        {label}
      </label>
      <input
        id={id}
        type="search"
        className="input search-input"
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value !== '') {
            e.preventDefault();
            onChange('');
          }
        }}
        data-testid={testId}
      />
      <span className="hint search-count" aria-live="polite">
        {value.trim() === '' ? `${fmt.format(total)} in all` : `${fmt.format(shown)} of ${fmt.format(total)} shown`}
      </span>
    </div>
  );
}
