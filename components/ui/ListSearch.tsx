'use client';

import { Field } from './Field';
import { Input } from './Input';

/** A list's search box: shows what is typed at once; the list follows once typing pauses (useListParams). */
export function ListSearch({
  id,
  label,
  placeholder,
  params,
}: {
  id: string;
  label: string;
  placeholder: string;
  params: { searchText: string; setSearchText: (text: string) => void };
}) {
  return (
    <Field id={id} label={label}>
      <Input
        id={id}
        type="search"
        placeholder={placeholder}
        value={params.searchText}
        onChange={(e) => params.setSearchText(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
    </Field>
  );
}
