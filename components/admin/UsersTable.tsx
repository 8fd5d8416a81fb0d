export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: string;
  active: boolean;
  lastSignInAt: string | null;
}

export function UsersTable({ users }: { users: UserRow[] }) {
  return (
    <table className="w-full overflow-hidden rounded-xl border border-slate-200 bg-white text-sm" data-testid="users-table">
      <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
        <tr><th className="px-4 py-2">Email</th><th className="px-4 py-2">Role</th><th className="px-4 py-2">Status</th><th className="px-4 py-2">Last sign-in</th></tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id} className="border-t border-slate-100">
            <td className="px-4 py-2">{user.email}{user.name && <span className="text-slate-500"> · {user.name}</span>}</td>
            <td className="px-4 py-2">{user.role}</td>
            <td className="px-4 py-2">{user.active ? 'active' : 'deactivated'}</td>
            <td className="px-4 py-2">{user.lastSignInAt ? new Date(user.lastSignInAt).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : 'never'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
