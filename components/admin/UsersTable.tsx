import { RoleForm, UserRowActions, type UserActions } from './UserRowActions';

export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: string;
  active: boolean;
  lastSignInAt: string | null;
}

const when = (iso: string | null) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : 'never');

export function UsersTable({ users, actions, currentUserId }: { users: UserRow[]; actions?: UserActions; currentUserId?: string }) {
  return (
    <table className="w-full overflow-hidden rounded-xl border border-slate-200 bg-white text-sm" data-testid="users-table">
      <thead className="bg-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="px-4 py-2">Email</th><th className="px-4 py-2">Role</th><th className="px-4 py-2">Status</th><th className="px-4 py-2">Last sign-in</th>
          {actions && <th className="px-4 py-2">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.id} className="border-t border-slate-100 align-top" data-testid={`user-${user.email}`}>
            <td className="px-4 py-2">
              {user.email}{user.name && <span className="text-slate-500"> · {user.name}</span>}
              {user.id === currentUserId && <span className="ml-1 text-xs text-slate-400">(you)</span>}
            </td>
            <td className="px-4 py-2">{actions ? <RoleForm email={user.email} role={user.role} action={actions.setRole} /> : user.role}</td>
            <td className="px-4 py-2">{user.active ? 'active' : 'deactivated'}</td>
            <td className="px-4 py-2">{when(user.lastSignInAt)}</td>
            {actions && <td className="px-4 py-2"><UserRowActions email={user.email} active={user.active} actions={actions} /></td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
